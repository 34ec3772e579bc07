"""Seeds the gateway benchmark through Gatehouse's own APIs (boto3): a pool, a client and a user, then a REST API
whose GET /users/{userId} takes a Cognito authorizer with a scope (so an access token is needed) and proxies to the
backend with HTTP_PROXY. Prints {"url_path", "token"} as JSON."""
import argparse
import json

import boto3

parser = argparse.ArgumentParser()
parser.add_argument("--endpoint", required=True)
parser.add_argument("--backend", required=True)
args = parser.parse_args()

session = dict(endpoint_url=args.endpoint, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
idp = boto3.client("cognito-idp", **session)
apigw = boto3.client("apigateway", **session)

pool = idp.create_user_pool(PoolName="bench")["UserPool"]
client = idp.create_user_pool_client(
    UserPoolId=pool["Id"], ClientName="bench", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
)["UserPoolClient"]
idp.admin_create_user(UserPoolId=pool["Id"], Username="bench")
idp.admin_set_user_password(UserPoolId=pool["Id"], Username="bench", Password="Passw0rd!", Permanent=True)
tokens = idp.initiate_auth(
    ClientId=client["ClientId"], AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "bench", "PASSWORD": "Passw0rd!"}
)["AuthenticationResult"]

api = apigw.create_rest_api(name="bench")
users = apigw.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="users")
user = apigw.create_resource(restApiId=api["id"], parentId=users["id"], pathPart="{userId}")
authorizer = apigw.create_authorizer(
    restApiId=api["id"], name="pool", type="COGNITO_USER_POOLS", providerARNs=[pool["Arn"]],
    identitySource="method.request.header.Authorization",
)
apigw.put_method(
    restApiId=api["id"], resourceId=user["id"], httpMethod="GET", authorizationType="COGNITO_USER_POOLS",
    authorizerId=authorizer["id"], authorizationScopes=["aws.cognito.signin.user.admin"],
)
apigw.put_integration(
    restApiId=api["id"], resourceId=user["id"], httpMethod="GET", type="HTTP_PROXY", integrationHttpMethod="GET",
    uri=f"{args.backend}/users/{{userId}}",
)
apigw.create_deployment(restApiId=api["id"], stageName="bench")
print(json.dumps({"url_path": f"/_aws/execute-api/{api['id']}/bench/users/42", "token": tokens["AccessToken"]}))
