-- wrk script for the durable intake benchmark (bench/run.sh):
--   wrk -t2 -c64 -d10s -s bench/intake.lua URL/api/v1/petitions -- TOKEN bench/data/petition.json
-- POSTs bench/data/petition.json with a different synthetic person per request (a fresh
-- 18-digit ID number with its GB 11643 check digit, and a fresh phone), so that repeat
-- detection sees distinct people as it would in a county, not one person 100,000 times.
local body, token
local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = "10X98765432"
local counter = 0

function init(args)
  token = args[1]
  local f = assert(io.open(args[2], "r"))
  body = f:read("*a")
  f:close()
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
  counter = math.random(0, 899999)
end

-- Distinct for n < 20,160,000: the sequence digits, then the birth date, carry n.
local function id_number(n)
  local d = math.floor(n / 1000)
  local first17 = string.format("350921%04d%02d%02d%03d", 1940 + math.floor(d / 336) % 60,
                                1 + d % 12, 1 + math.floor(d / 12) % 28, n % 1000)
  local sum = 0
  for i = 1, 17 do sum = sum + tonumber(first17:sub(i, i)) * weights[i] end
  local k = sum % 11 + 1
  return first17 .. checks:sub(k, k)
end

function request()
  counter = counter + 1
  local b = body:gsub("350921198001011236", id_number(counter))
  b = b:gsub("13800138000", string.format("139%08d", counter % 100000000))
  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
                                  ["Authorization"] = "Bearer " .. token}, b)
end
