#!/usr/bin/env python3
"""Seeds Cognito-compatible servers for the load test and prints what the wrk scripts need, as JSON by endpoint.

The same calls go to Gatehouse and to cognito-local: a pool, a client that allows USER_PASSWORD_AUTH and
ADMIN_USER_PASSWORD_AUTH, and one confirmed user with a known password and a few attributes. The user is made
with AdminCreateUser + AdminSetUserPassword when every server has AdminSetUserPassword, else with
SignUp + AdminConfirmSignUp. Then one USER_PASSWORD_AUTH sign-in yields the access token for GetUser.
"""
import argparse
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

USERNAME = "loaduser"
PASSWORD = "Load-Test-Passw0rd!"
ATTRIBUTES = [
    {"Name": "email", "Value": "loaduser@example.com"},
    {"Name": "name", "Value": "Load User"},
    {"Name": "family_name", "Value": "User"},
]


def error_code(e: ClientError) -> str:
    return e.response.get("Error", {}).get("Code", "")


def has_admin_set_user_password(idp, pool_id: str) -> bool:
    """A server that implements the action answers UserNotFoundException for a user that is not there."""
    try:
        idp.admin_set_user_password(UserPoolId=pool_id, Username="no-such-user-probe", Password=PASSWORD, Permanent=True)
        return True
    except ClientError as e:
        return error_code(e) in ("UserNotFoundException", "InvalidParameterException", "InvalidPasswordException")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", action="append", required=True, help="e.g. http://127.0.0.1:19201; repeatable")
    args = parser.parse_args()
    if any(not e.startswith(("http://127.", "http://localhost:")) for e in args.endpoint):
        print("seed.py only talks to loopback", file=sys.stderr)
        return 2

    clients = {e: client(e) for e in args.endpoint}
    pools = {e: idp.create_user_pool(PoolName="load")["UserPool"]["Id"] for e, idp in clients.items()}
    # One way of making the user for every server: the admin path only when all of them have it.
    admin = all(has_admin_set_user_password(idp, pools[e]) for e, idp in clients.items())
    json.dump({e: seed(idp, pools[e], admin) for e, idp in clients.items()}, sys.stdout)
    print()
    return 0


def client(endpoint: str):
    return boto3.client(
        "cognito-idp",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
        config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=60),
    )


def seed(idp, pool_id: str, admin: bool) -> dict:
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="load",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]

    if admin:
        method = "AdminCreateUser+AdminSetUserPassword"
        idp.admin_create_user(
            UserPoolId=pool_id, Username=USERNAME, UserAttributes=ATTRIBUTES,
            TemporaryPassword="Temp-Passw0rd!", MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=pool_id, Username=USERNAME, Password=PASSWORD, Permanent=True)
    else:
        method = "SignUp+AdminConfirmSignUp"
        idp.sign_up(ClientId=client_id, Username=USERNAME, Password=PASSWORD, UserAttributes=ATTRIBUTES)
        idp.admin_confirm_sign_up(UserPoolId=pool_id, Username=USERNAME)

    auth = idp.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": USERNAME, "PASSWORD": PASSWORD})
    access_token = auth["AuthenticationResult"]["AccessToken"]

    # Every operation the load test repeats must succeed once here, so that wrk only ever counts 200s.
    idp.admin_get_user(UserPoolId=pool_id, Username=USERNAME)
    idp.get_user(AccessToken=access_token)

    return {
        "pool_id": pool_id,
        "client_id": client_id,
        "username": USERNAME,
        "password": PASSWORD,
        "access_token": access_token,
        "seeded_with": method,
    }


if __name__ == "__main__":
    sys.exit(main())
