-- reducer.lua - word count, the reduce step in Lua (as reducer.c): sums
-- the "word count" lines from the mappers /dev/in/map-1..M and sends the
-- sums to /dev/out/merge.
local function exists(path)
  local f, _, code = io.open(path, "rb")
  if f then f:close() return true end
  return code ~= 2
end

local function peers(dir, group)
  local v = {}
  if exists(dir .. "/" .. group) then v[1] = dir .. "/" .. group end
  local i = 1
  while exists(("%s/%s-%d"):format(dir, group, i)) do
    v[#v + 1] = ("%s/%s-%d"):format(dir, group, i)
    i = i + 1
  end
  return v
end

local sums = {}
for _, name in ipairs(peers("/dev/in", arg[1] or "map")) do
  local f = assert(io.open(name, "rb"))
  for line in f:lines() do
    local w, c = line:match("^(%a+) (%d+)$")
    if w then sums[w] = (sums[w] or 0) + tonumber(c) end
  end
  f:close()
end
local out = assert(io.open(peers("/dev/out", arg[2] or "merge")[1] or "/dev/stdout", "wb"))
for w, c in pairs(sums) do out:write(w, " ", c, "\n") end
assert(out:close())
