-- wrk script for bench/serve.sh: POST /v1/screen with a rotating set of real
-- names (UN positives and synthetic negatives from ../shared/bench), the API
-- key from $INTERDICT_KEY. Each thread starts at a different offset.
local names = {}
local function load(path, limit)
  local file = io.open(path, "r")
  if not file then return end
  local first = true
  for line in file:lines() do
    if first then first = false else
      local name
      if line:sub(1, 1) == '"' then name = line:match('^"([^"]*)"') else name = line:match("^([^,]*)") end
      if name and #name > 0 then
        names[#names + 1] = name:gsub('\\', '\\\\'):gsub('"', '\\"')
        if #names >= limit then break end
      end
    end
  end
  file:close()
end

local shared = os.getenv("INTERDICT_SHARED") or "../shared"
load(shared .. "/bench/screening_fixtures/positives_un_untreated.csv", 700)
load(shared .. "/bench/screening_fixtures/positives_un_treated.csv", 1400)
load(shared .. "/bench/screening_fixtures/negatives_global.csv", 3400)
local key = os.getenv("INTERDICT_KEY")
local counter = 0

function setup(thread)
  thread:set("offset", math.random(1, #names))
end

function init(args)
  counter = offset or 1
end

function request()
  counter = counter % #names + 1
  local body = '{"name": "' .. names[counter] .. '"}'
  return wrk.format("POST", "/v1/screen", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. key,
  }, body)
end
