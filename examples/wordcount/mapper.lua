-- mapper.lua - word count, the map step in Lua (same output as mapper.c):
-- counts the words of /dev/input and sends "word count" lines to the
-- reducers, word w to the (fnv(w) % R)-th of /dev/out/reduce-1..R.
-- Lua cannot list a directory, so the reducers are found by name: an entry
-- exists when opening it fails with anything but "no such file" (2).
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
  table.sort(v)
  return v
end

local function fnv(w)
  local h = 2166136261
  for i = 1, #w do h = ((h ~ w:byte(i)) * 16777619) & 0xffffffff end
  return h
end

local input = assert(io.open("/dev/input", "rb"))
local counts, carry = {}, ""
local function add(w)
  w = w:lower()
  counts[w] = (counts[w] or 0) + 1
end
for chunk in input:lines(1 << 16) do
  -- a word cut at the chunk's end continues in the next one
  local text = carry .. chunk
  local cut = #text
  while cut > 0 and text:byte(cut) < 128 and text:sub(cut, cut):match("%a") do cut = cut - 1 end
  carry = text:sub(cut + 1)
  for w in text:sub(1, cut):gmatch("%a+") do add(w) end
end
if #carry > 0 then add(carry) end

local names = peers("/dev/out", arg[1] or "reduce")
assert(#names > 0, "mapper: no reducer in /dev/out")
local outs = {}
for i, n in ipairs(names) do outs[i] = assert(io.open(n, "wb")) end
for w, c in pairs(counts) do
  outs[fnv(w) % #outs + 1]:write(w, " ", c, "\n")
end
for _, f in ipairs(outs) do assert(f:close()) end
