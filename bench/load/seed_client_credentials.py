#!/usr/bin/env python3
"""Seeds Gatehouse for token-compare.sh's client_credentials runs and prints what client_credentials.lua needs, as JSON.

Seed 001's setup through the Cognito API with boto3: a pool, a resource server `product-api` with three scopes, and a
client with a secret that may use client_credentials for those scopes. Then one token request with client_secret_basic
must answer 200 with the requested scopes, so that wrk only ever counts 200s.
"""
import argparse
import base64
import json
import sys
import urllib.parse
import urllib.request

import boto3
from botocore.config import Config

SCOPES = ["product-api/read_product", "product-api/create_product", "product-api/delete_product"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True, help="e.g. http://127.0.0.1:19211")
    args = parser.parse_args()
    if not args.endpoint.startswith(("http://127.", "http://localhost:")):
        print("seed_client_credentials.py only talks to loopback", file=sys.stderr)
        return 2

    idp = boto3.client(
        "cognito-idp",
        endpoint_url=args.endpoint,
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
        config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=60),
    )
    pool_id = idp.create_user_pool(PoolName="load-client-credentials")["UserPool"]["Id"]
    idp.create_resource_server(
        UserPoolId=pool_id, Identifier="product-api", Name="Products",
        Scopes=[{"ScopeName": s.split("/")[1], "ScopeDescription": s} for s in SCOPES])
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="load-client-credentials", GenerateSecret=True,
        AllowedOAuthFlows=["client_credentials"], AllowedOAuthScopes=SCOPES, AllowedOAuthFlowsUserPoolClient=True,
        SupportedIdentityProviders=["COGNITO"])["UserPoolClient"]

    seeded = {"client_id": client["ClientId"], "client_secret": client["ClientSecret"], "token_path": "/oauth2/token"}
    # Two tokens in a row must differ in their jti: each request is a fresh issue, nothing is served from a cache.
    first, second = (check(args.endpoint + seeded["token_path"], seeded["client_id"], seeded["client_secret"], SCOPES) for _ in range(2))
    if first["jti"] == second["jti"]:
        raise SystemExit("two token requests returned the same jti")
    json.dump(seeded | {"pool_id": pool_id, "scopes": SCOPES}, sys.stdout)
    print()
    return 0


def check(url: str, client_id: str, secret: str, scopes: list[str]) -> dict:
    """One token as wrk will ask for it, returning its claims; raises unless it is a 200 with exactly the requested scopes."""
    basic = base64.b64encode(f"{urllib.parse.quote_plus(client_id)}:{urllib.parse.quote_plus(secret)}".encode()).decode()
    body = urllib.parse.urlencode({"grant_type": "client_credentials", "scope": " ".join(scopes)}).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": "Basic " + basic, "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as response:
        token = json.load(response)["access_token"]
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    if sorted(claims["scope"].split(" ")) != sorted(scopes) or claims["client_id"] != client_id:
        raise SystemExit(f"unexpected token claims: {claims}")
    return claims


if __name__ == "__main__":
    sys.exit(main())
