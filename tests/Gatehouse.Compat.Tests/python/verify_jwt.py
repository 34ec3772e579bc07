"""Verifies a Cognito JWT with joserfc, independently of Gatehouse's own code.

usage: python3 verify_jwt.py TOKEN ISSUER [AUDIENCE]
Fetches ISSUER/.well-known/jwks.json, picks the key by kid, pins RS256, checks the signature, iss, exp and iat (and aud
when AUDIENCE is given), and prints {"header": ..., "claims": ...}. Exits non-zero with the reason on stderr otherwise.
"""
import json
import sys
import urllib.request

from joserfc import jwt
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry


def verify(token, issuer, audience=None):
    with urllib.request.urlopen(issuer + "/.well-known/jwks.json", timeout=30) as response:
        keys = KeySet.import_key_set(json.load(response))
    decoded = jwt.decode(token, keys, algorithms=["RS256"])
    claims = {
        "iss": {"essential": True, "value": issuer},
        "exp": {"essential": True},
        "iat": {"essential": True},
    }
    if audience is not None:
        claims["aud"] = {"essential": True, "value": audience}
    JWTClaimsRegistry(**claims).validate(decoded.claims)
    return {"header": decoded.header, "claims": decoded.claims}


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    print(json.dumps(verify(*sys.argv[1:])))
