-- ingest.lua: a wrk script that POSTs batches of new checks to /api/v1/checks (BATCH, TOKEN and MODELS from the environment) and counts the 2xx answers.
local batch = tonumber(os.getenv("BATCH") or "1000")
local token = os.getenv("TOKEN")
local models = {}
for m in string.gmatch(os.getenv("MODELS") or "", "[^,]+") do
	table.insert(models, m)
end
local threads = {}

function setup(thread)
	thread:set("id", #threads)
	table.insert(threads, thread)
end

function init(args)
	-- Each thread writes its own model, one second apart going back from a
	-- day before now, so every check is new. Now is the server's clock:
	-- AIGO_NOW when set, else the real one.
	model = models[(id % #models) + 1]
	start = (tonumber(os.getenv("AIGO_NOW") or "") or os.time()) - 86400
	counter = 0
	ok, other = 0, 0
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

function response(status, headers, body)
	if status >= 200 and status < 300 then
		ok = ok + 1
	else
		other = other + 1
		if other == 1 then
			io.stderr:write(string.format(
			    "ingest.lua: first refused answer: %d %s\n", status, body))
		end
	end
end

-- One line for ingest.sh: the 2xx answers, the others, and the run's
-- duration in microseconds as wrk measured it.
function done(summary, latency, requests)
	local n_ok, n_other = 0, 0
	for _, t in ipairs(threads) do
		n_ok = n_ok + t:get("ok")
		n_other = n_other + t:get("other")
	end
	io.write(string.format("ingest: 2xx %d other %d duration_us %d\n",
	                       n_ok, n_other, summary.duration))
end
