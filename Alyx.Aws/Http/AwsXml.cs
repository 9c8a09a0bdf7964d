using System.Xml.Linq;

namespace Alyx.Aws.Http;

/// <summary>Namespace-agnostic reads of AWS Query responses (<c>&lt;OpResponse&gt;&lt;OpResult&gt;...</c>).</summary>
internal static class AwsXml
{
    /// <summary>Returns the <c>{operation}Result</c> element of a Query response.</summary>
    /// <exception cref="AwsProtocolException">The body is not XML or lacks the result element.</exception>
    public static XElement Result(AwsResponse response, string service, string operation)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(System.Text.Encoding.UTF8.GetString(response.Body));
        }
        catch (System.Xml.XmlException error)
        {
            throw new AwsProtocolException(service, operation, $"the response is not XML: {error.Message}");
        }

        var name = operation + "Result";
        return document.Descendants().FirstOrDefault(e => e.Name.LocalName == name)
            ?? new XElement(name);
    }

    public static XElement? Child(this XElement element, string localName) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static string? ChildValue(this XElement element, string localName) => element.Child(localName)?.Value;

    /// <summary>Returns the <c>member</c> children of a list element, or nothing when it is absent.</summary>
    public static IEnumerable<XElement> Members(this XElement element, string listName) =>
        element.Child(listName)?.Elements().Where(e => e.Name.LocalName == "member") ?? [];
}
