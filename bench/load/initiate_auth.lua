-- InitiateAuth USER_PASSWORD_AUTH: env CLIENT_ID, USERNAME, PASSWORD. Every request is a full sign-in
-- (password check, two signed tokens, a stored refresh token).
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local load = require("common")

load.request("InitiateAuth",
    '{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":' .. load.str(load.env("CLIENT_ID"))
        .. ',"AuthParameters":{"USERNAME":' .. load.str(load.env("USERNAME"))
        .. ',"PASSWORD":' .. load.str(load.env("PASSWORD")) .. '}}')
done = load.done
