"""Helpers for the Python snippets of Gatehouse.Compat.Tests.

Tools.PythonAsync runs each snippet with this folder on PYTHONPATH and GATEHOUSE_ENDPOINT set to the server.
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import urllib.parse
import urllib.request

import boto3

ENDPOINT = os.environ["GATEHOUSE_ENDPOINT"]


def cognito():
    """A boto3 cognito-idp client for the server under test, with dummy credentials from the environment."""
    return boto3.client("cognito-idp", endpoint_url=ENDPOINT, region_name="us-east-1")


def apigateway():
    """A boto3 apigateway client for the server under test."""
    return boto3.client("apigateway", endpoint_url=ENDPOINT, region_name="us-east-1")


def emit(value):
    """Prints the snippet's result as one JSON document, the only thing a snippet may print to stdout."""
    json.dump(value, sys.stdout, default=str)
    sys.stdout.write("\n")


def get_json(path):
    with urllib.request.urlopen(ENDPOINT + path, timeout=30) as response:
        return json.load(response)


def latest_code(pool_id, username):
    """The code of the newest message to the user, from GET /_gatehouse/outbox (messages come newest first)."""
    query = urllib.parse.urlencode({"userPoolId": pool_id, "username": username})
    messages = get_json("/_gatehouse/outbox?" + query)["messages"]
    codes = [m["code"] for m in messages if m.get("code")]
    if not codes:
        raise AssertionError(f"no message with a code for {username} in {pool_id}: {messages}")
    return codes[0]


def secret_hash(username, client_id, client_secret):
    """SECRET_HASH exactly as AWS documents it (and seed 002 computes it)."""
    message = (username + client_id).encode("utf-8")
    digest = hmac.new(client_secret.encode("utf-8"), msg=message, digestmod=hashlib.sha256).digest()
    return base64.b64encode(digest).decode()
