-- GET /_gatehouse/health: the HTTP floor of Gatehouse (Kestrel, routing, a tiny response; no store, no JSON body).
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local load = require("common")

wrk.method = "GET"
wrk.path = "/_gatehouse/health"
done = load.done
