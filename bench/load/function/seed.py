"""Seeds the function benchmark through Gatehouse's own APIs: registers the python handler as a function, then a
REST API whose GET /users/{userId} is a Lambda proxy integration on it (no authorizer: the point is the function
path). Prints {"url_path"} as JSON."""
import argparse
import json
import urllib.request

import boto3

parser = argparse.ArgumentParser()
parser.add_argument("--endpoint", required=True)
parser.add_argument("--code", required=True)
parser.add_argument("--concurrency", type=int, default=2)
args = parser.parse_args()

definition = {"runtime": "python", "code": args.code, "handler": "handler.handler", "concurrency": args.concurrency}
request = urllib.request.Request(
    f"{args.endpoint}/_gatehouse/functions/bench", data=json.dumps(definition).encode(), method="PUT",
    headers={"Content-Type": "application/json"},
)
urllib.request.urlopen(request).read()

session = dict(endpoint_url=args.endpoint, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
apigw = boto3.client("apigateway", **session)
api = apigw.create_rest_api(name="bench")
users = apigw.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="users")
user = apigw.create_resource(restApiId=api["id"], parentId=users["id"], pathPart="{userId}")
apigw.put_method(restApiId=api["id"], resourceId=user["id"], httpMethod="GET", authorizationType="NONE")
apigw.put_integration(
    restApiId=api["id"], resourceId=user["id"], httpMethod="GET", type="AWS_PROXY", integrationHttpMethod="POST",
    uri="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:bench/invocations",
)
apigw.create_deployment(restApiId=api["id"], stageName="bench")
print(json.dumps({"url_path": f"/_aws/execute-api/{api['id']}/bench/users/42"}))
