# Seed 001's "microservice-http-endpoint-python" blueprint, with an in-memory table in place of DynamoDB, and the
# event echoed back so the test can check what API Gateway sent. It reads the method from a v1.0 or a 2.0 event.
import json

print('Loading function')
tables = {}


class Dynamo:
    def scan(self, TableName, **_):
        items = list(tables.get(TableName, {}).values())
        return {'Items': items, 'Count': len(items)}

    def put_item(self, TableName, Item):
        tables.setdefault(TableName, {})[Item['id']['S']] = Item
        return {}

    def delete_item(self, TableName, Key):
        tables.get(TableName, {}).pop(Key['id']['S'], None)
        return {}


dynamo = Dynamo()


def respond(err, res=None):
    return {
        'statusCode': '400' if err else '200',
        'body': str(err) if err else json.dumps(res),
        'headers': {
            'Content-Type': 'application/json',
        },
    }


def lambda_handler(event, context):
    operations = {
        'DELETE': lambda dynamo, x: dynamo.delete_item(**x),
        'GET': lambda dynamo, x: dynamo.scan(**x),
        'POST': lambda dynamo, x: dynamo.put_item(**x),
    }

    operation = event.get('httpMethod') or event['requestContext']['http']['method']
    if operation in operations:
        payload = event['queryStringParameters'] if operation == 'GET' else json.loads(event['body'])
        return respond(None, {'result': operations[operation](dynamo, payload), 'event': event, 'requestId': context.aws_request_id})
    else:
        return respond(ValueError('Unsupported method "{}"'.format(operation)))
