-- GetUser with the bearer access token in the body: env ACCESS_TOKEN.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local load = require("common")

load.request("GetUser", '{"AccessToken":' .. load.str(load.env("ACCESS_TOKEN")) .. '}')
done = load.done
