-- wrk script of the mixed load (bench/run.sh): every request draws a random
-- address from the file named by ADDRESSES (one path per line), as visitors
-- spread over every project, service, list page, filter and search term.
-- Requests ask for Brotli, as every current browser does.
local paths = {}
for line in io.lines(os.getenv("ADDRESSES")) do
  paths[#paths + 1] = line
end

local seeded = false
local headers = { ["Accept-Encoding"] = "gzip, deflate, br" }

request = function()
  if not seeded then
    math.randomseed(os.time())
    seeded = true
  end
  return wrk.format("GET", paths[math.random(#paths)], headers)
end
