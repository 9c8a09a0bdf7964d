using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Alyx.Shard.Tests.Support;

/// <summary>
/// Rewrites the major version of one assembly reference in a compiled assembly, to produce a plugin "built against"
/// another Alyx.Abstractions version without building one.
/// </summary>
public static class AssemblyReferencePatcher
{
    /// <summary>Sets the major version of the reference named <paramref name="referenceName"/> in the file.</summary>
    /// <exception cref="InvalidOperationException">The assembly has no such reference.</exception>
    public static void SetMajorVersion(string assemblyPath, string referenceName, ushort major)
    {
        long offset;
        using (var stream = File.OpenRead(assemblyPath))
        using (var pe = new PEReader(stream))
        {
            var metadata = pe.GetMetadataReader();
            var handle = metadata.AssemblyReferences.FirstOrDefault(h => metadata.StringComparer.Equals(metadata.GetAssemblyReference(h).Name, referenceName));
            if (handle.IsNil)
            {
                throw new InvalidOperationException($"{assemblyPath} has no reference to {referenceName}.");
            }

            // An AssemblyRef row starts with MajorVersion as a little-endian uint16 (ECMA-335 II.22.5).
            var row = MetadataTokens.GetRowNumber(handle) - 1;
            offset = pe.PEHeaders.MetadataStartOffset
                + metadata.GetTableMetadataOffset(TableIndex.AssemblyRef)
                + ((long)row * metadata.GetTableRowSize(TableIndex.AssemblyRef));
        }

        using var file = File.Open(assemblyPath, FileMode.Open, FileAccess.ReadWrite);
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, major);
        file.Position = offset;
        file.Write(bytes);
    }
}
