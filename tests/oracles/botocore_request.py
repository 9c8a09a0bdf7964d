#!/usr/bin/env python3
"""Build and sign one AWS request with botocore, without sending it, and print what was signed.

Reads a JSON object on stdin:
  service        botocore service name (ecs, sns, cloudwatch)
  operation      operation name (RunTask, Publish, PutMetricData)
  params         operation input in botocore's shape; key order is kept, and botocore serializes in that order.
                 {"$bytes": "<base64>"} stands for a blob (bytes) value.
  region         region code
  endpoint       endpoint URL; nothing is sent to it
  accessKey, secretKey, sessionToken (optional)
  timestamp      signing time as YYYYMMDDTHHMMSSZ
  protocol       optional: overrides the model's protocol (botocore 1.43 picks smithy-rpc-v2-cbor for CloudWatch)
  compactJson    optional: re-serializes a JSON body without spaces (botocore writes ", " and ": ")
  signPayloadHash optional: adds a signed X-Amz-Content-SHA256 header, as AWSSDK.Core's signer always does

Writes a JSON object on stdout: method, url, headers (those botocore signs), body, canonicalRequest,
stringToSign, signature and authorization.

The two optional rewrites keep the request's meaning: AWS JSON protocols ignore whitespace, and SigV4 lets a
client sign any extra header. Without them the bodies or signed header lists of two correct clients differ.
"""

import base64
import copy
import datetime
import hashlib
import json
import sys

import botocore.auth
import botocore.session


class Captured(Exception):
    """Stops botocore after signing, so no request leaves the process."""


def decode_blobs(value):
    if isinstance(value, dict):
        if list(value) == ["$bytes"]:
            return base64.b64decode(value["$bytes"])
        return {k: decode_blobs(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_blobs(v) for v in value]
    return value


def main():
    spec = json.load(sys.stdin)
    timestamp = datetime.datetime.strptime(spec["timestamp"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda *args, **kwargs: timestamp

    captured = {}
    original_canonical = botocore.auth.SigV4Auth.canonical_request
    original_string_to_sign = botocore.auth.SigV4Auth.string_to_sign

    def canonical_request(self, request):
        captured["canonicalRequest"] = original_canonical(self, request)
        return captured["canonicalRequest"]

    def string_to_sign(self, request, canonical):
        captured["stringToSign"] = original_string_to_sign(self, request, canonical)
        return captured["stringToSign"]

    botocore.auth.SigV4Auth.canonical_request = canonical_request
    botocore.auth.SigV4Auth.string_to_sign = string_to_sign

    session = botocore.session.Session()
    protocol = spec.get("protocol")
    if protocol:
        loader = session.get_component("data_loader")
        load_service_model = loader.load_service_model

        def patched_load(service_name, type_name, api_version=None):
            data = load_service_model(service_name, type_name, api_version)
            if type_name == "service-2" and service_name == spec["service"]:
                data = copy.deepcopy(data)
                data["metadata"]["protocol"] = protocol
                data["metadata"]["protocols"] = [protocol]
            return data

        loader.load_service_model = patched_load

    client = session.create_client(
        spec["service"],
        region_name=spec["region"],
        endpoint_url=spec["endpoint"],
        aws_access_key_id=spec["accessKey"],
        aws_secret_access_key=spec["secretKey"],
        aws_session_token=spec.get("sessionToken"),
    )

    def before_sign(request, **_):
        if spec.get("compactJson") and request.body:
            body = json.loads(request.body)
            request.data = json.dumps(body, separators=(",", ":")).encode("utf-8")
        if spec.get("signPayloadHash"):
            body = request.body or b""
            if isinstance(body, str):
                body = body.encode("utf-8")
            request.headers["X-Amz-Content-SHA256"] = hashlib.sha256(body).hexdigest()

    def before_send(request, **_):
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        captured["method"] = request.method
        captured["url"] = request.url
        captured["headers"] = {
            k: v.decode("utf-8") if isinstance(v, bytes) else v for k, v in request.headers.items()
        }
        captured["body"] = body.decode("utf-8")
        raise Captured()

    client.meta.events.register_first("before-sign", before_sign)
    client.meta.events.register_first("before-send", before_send)

    method = getattr(client, botocore.xform_name(spec["operation"]))
    try:
        method(**decode_blobs(spec["params"]))
    except Captured:
        pass
    else:
        sys.exit("botocore sent the request instead of stopping before send")

    authorization = captured["headers"]["Authorization"]
    captured["authorization"] = authorization
    captured["signature"] = authorization.rsplit("Signature=", 1)[1]
    signed = authorization.split("SignedHeaders=", 1)[1].split(",", 1)[0].split(";")
    captured["headers"] = {k.lower(): v for k, v in captured["headers"].items() if k.lower() in signed}
    json.dump(captured, sys.stdout)


if __name__ == "__main__":
    main()
