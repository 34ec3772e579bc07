// Gatehouse's node worker: loads the handler once, then serves invocations over framed pipes.
// Frames: "GHF" + kind (1 byte) + length (4 bytes, big-endian) + payload.
// In: "V" {"requestId","remainingMs","arn","event"}. Out: "R" ready, "O" result JSON, "E" error JSON,
// "I" init error JSON (the worker then exits). console.* and process.stdout go to stderr, which Gatehouse logs.
'use strict';
const fs = require('fs');
const path = require('path');
const util = require('util');
const { pathToFileURL } = require('url');

const MAGIC = Buffer.from('GHF');
const protoWrite = process.stdout.write.bind(process.stdout);
const toLog = (chunk, encoding, callback) => process.stderr.write(chunk, encoding, callback);
process.stdout.write = toLog;
for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  console[level] = (...args) => { process.stderr.write(util.format(...args) + '\n'); };
}

// Ends each invocation's output on stderr, so Gatehouse tags every line with the right request id.
const END = '\x1eGATEHOUSE-END\x1e\n';

function frame(kind, payload) {
  process.stderr.write(END);
  const body = Buffer.from(payload, 'utf8');
  const header = Buffer.alloc(8);
  MAGIC.copy(header, 0);
  header.write(kind, 3, 'latin1');
  header.writeUInt32BE(body.length, 4);
  return new Promise((resolve) => protoWrite(Buffer.concat([header, body]), () => resolve()));
}

function errorBody(errorType, errorMessage, stackTrace) {
  return JSON.stringify({ errorMessage, errorType, stackTrace });
}

function describe(error) {
  if (error instanceof Error) {
    return [error.name || 'Error', error.message, String(error.stack || '').split('\n').filter((l) => l.trim() !== '')];
  }
  return [typeof error, typeof error === 'string' ? error : JSON.stringify(error) ?? String(error), []];
}

async function load(handlerString, taskRoot) {
  // As Lambda's node runtime: "dir/module.a.b" is module "dir/module", property path a.b.
  const slash = handlerString.lastIndexOf('/') + 1;
  const dot = handlerString.indexOf('.', slash);
  const moduleName = handlerString.slice(0, dot);
  const property = handlerString.slice(dot + 1);
  const base = path.resolve(taskRoot, moduleName);
  let module;
  try {
    const file = ['.js', '.mjs', '.cjs'].map((e) => base + e).find((f) => fs.existsSync(f));
    if (file === undefined) {
      const e = new Error(`Cannot find module '${moduleName}'`);
      e.code = 'MODULE_NOT_FOUND';
      throw e;
    }
    if (file.endsWith('.mjs')) {
      module = await import(pathToFileURL(file).href);
    } else {
      try {
        module = require(file);
      } catch (e) {
        if (e && e.code === 'ERR_REQUIRE_ESM') {
          module = await import(pathToFileURL(file).href);
        } else {
          throw e;
        }
      }
    }
  } catch (e) {
    if (e instanceof SyntaxError) {
      return [null, ['Runtime.UserCodeSyntaxError', `${e.name}: ${e.message}`, describe(e)[2]]];
    }
    if (e && e.code === 'MODULE_NOT_FOUND') {
      return [null, ['Runtime.ImportModuleError', `Error: ${e.message}`, describe(e)[2]]];
    }
    return [null, describe(e)];
  }
  let handler = module;
  for (const part of property.split('.')) {
    handler = handler == null ? undefined : handler[part];
  }
  if (typeof handler !== 'function') {
    return [null, ['Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`, []]];
  }
  return [handler, null];
}

function invoke(handler, request) {
  const deadline = Date.now() + request.remainingMs;
  const env = process.env;
  return new Promise((resolve, reject) => {
    let finished = false;
    const callback = (error, value) => {
      if (finished) return;
      finished = true;
      if (error !== undefined && error !== null) reject(error); else resolve(value);
    };
    const context = {
      awsRequestId: request.requestId,
      functionName: env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
      invokedFunctionArn: request.arn,
      memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
      succeed: (value) => callback(null, value),
      fail: (error) => callback(error === undefined || error === null ? 'handled' : error),
      done: (error, value) => callback(error, value),
    };
    try {
      const result = handler(request.event, context, callback);
      if (result && typeof result.then === 'function') {
        result.then((value) => callback(null, value), (error) => callback(error === undefined || error === null ? new Error('Promise rejected') : error));
      } else if (handler.length < 3) {
        callback(null, result);
      }
    } catch (e) {
      callback(e);
    }
  });
}

async function main() {
  process.env.AWS_EXECUTION_ENV = `AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`;
  const taskRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();
  const [handler, failure] = await load(process.env._HANDLER || '', taskRoot);
  if (failure) {
    await frame('I', errorBody(...failure));
    process.exit(0);
  }
  await frame('R', '');

  let buffered = Buffer.alloc(0);
  let busy = Promise.resolve();
  process.stdin.on('data', (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 8) {
      if (!buffered.subarray(0, 3).equals(MAGIC)) process.exit(3);
      const length = buffered.readUInt32BE(4);
      if (buffered.length < 8 + length) break;
      const body = buffered.subarray(8, 8 + length).toString('utf8');
      buffered = buffered.subarray(8 + length);
      busy = busy.then(() => serve(handler, JSON.parse(body)));
    }
  });
  process.stdin.on('end', () => process.exit(0));
}

async function serve(handler, request) {
  let kind;
  let payload;
  try {
    const value = await invoke(handler, request);
    try {
      payload = JSON.stringify(value === undefined ? null : value);
      kind = 'O';
    } catch (e) {
      payload = errorBody('Runtime.MarshalError', `Unable to marshal response: ${e.message}`, []);
      kind = 'E';
    }
  } catch (e) {
    payload = errorBody(...describe(e));
    kind = 'E';
  }
  await frame(kind, payload);
}

main();
