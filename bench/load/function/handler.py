# The benchmark's function: a typical small proxy handler (reads the event, answers JSON).
import json


def handler(event, context):
    user = (event.get("pathParameters") or {}).get("userId")
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"id": user, "name": "backend"}),
    }
