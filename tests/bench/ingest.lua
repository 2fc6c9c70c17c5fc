-- ingest.lua: a wrk script that POSTs batches of new checks to /api/v1/checks (BATCH, TOKEN and MODELS from the environment).
local batch = tonumber(os.getenv("BATCH") or "1000")
local token = os.getenv("TOKEN")
local models = {}
for m in string.gmatch(os.getenv("MODELS") or "", "[^,]+") do
	table.insert(models, m)
end
local threads = 0

function setup(thread)
	thread:set("id", threads)
	threads = threads + 1
end

function init(args)
	-- Each thread writes its own model, one second apart going back from a
	-- day ago, so every check is new.
	model = models[(id % #models) + 1]
	start = os.time() - 86400
	counter = 0
	headers = {["Authorization"] = "Bearer " .. token,
	           ["Content-Type"] = "application/json"}
end

function request()
	local parts = {}
	for i = 1, batch do
		local t = start - counter
		counter = counter + 1
		parts[i] = string.format(
		    '{"model":"%s","checkedAt":"%s","status":"operational","latencyMs":%d}',
		    model, os.date("!%Y-%m-%dT%H:%M:%SZ", t), 100 + counter % 900)
	end
	return wrk.format("POST", "/api/v1/checks", headers,
	                  '{"checks":[' .. table.concat(parts, ",") .. ']}')
end
