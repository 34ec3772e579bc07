-- POST {TOKEN_PATH} grant_type=client_credentials&scope={SCOPE} with client_secret_basic: env TOKEN_PATH,
-- CLIENT_ID, CLIENT_SECRET, SCOPE (space-separated). Every request is a fresh token issue.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local load = require("common")

-- RFC 6749 2.3.1: the id and secret are form-urlencoded before they are joined and base64-encoded.
local function form_encode(value)
    return (value:gsub("[^%w%-%._~]", function(c)
        if c == " " then return "+" end
        return string.format("%%%02X", c:byte())
    end))
end

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function base64(data)
    return ((data:gsub(".", function(x)
        local bits, byte = "", x:byte()
        for i = 8, 1, -1 do bits = bits .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and "1" or "0") end
        return bits
    end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(bits)
        if #bits < 6 then return "" end
        local n = 0
        for i = 1, 6 do n = n + (bits:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
        return alphabet:sub(n + 1, n + 1)
    end) .. ({ "", "==", "=" })[#data % 3 + 1])
end

wrk.method = "POST"
wrk.path = load.env("TOKEN_PATH")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic "
    .. base64(form_encode(load.env("CLIENT_ID")) .. ":" .. form_encode(load.env("CLIENT_SECRET")))
wrk.body = "grant_type=client_credentials&scope=" .. form_encode(load.env("SCOPE"))
done = load.done
