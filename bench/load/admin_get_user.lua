-- AdminGetUser for one user: env POOL_ID, USERNAME.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local load = require("common")

load.request("AdminGetUser",
    '{"UserPoolId":' .. load.str(load.env("POOL_ID")) .. ',"Username":' .. load.str(load.env("USERNAME")) .. '}')
done = load.done
