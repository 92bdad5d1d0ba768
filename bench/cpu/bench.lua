-- bench.lua - the Lua benchmark: table inserts and lookups, string building
-- and pattern matching, closures and method calls. arg[1] is the scale.
-- Prints "checksum lua HEX" like the C benchmarks.
local n = tonumber(arg and arg[1]) or 1
local sum = 0
local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({ x = x, y = y }, Point) end
function Point:add(o) return Point.new(self.x + o.x, self.y + o.y) end
for r = 1, n do
	local t = {}
	for i = 1, 20000 do t[i] = (i * 7919 + r) % 10007 end
	table.sort(t)
	local h = {}
	for i = 1, #t do h["k" .. t[i]] = i end
	local hits = 0
	for i = 1, 20000, 3 do if h["k" .. i] then hits = hits + 1 end end
	local parts = {}
	for i = 1, 2000 do parts[#parts + 1] = string.format("%d:%x", i, i * r) end
	local s = table.concat(parts, ",")
	local words = 0
	for w in s:gmatch("%d+:") do words = words + #w end
	local p = Point.new(0, 0)
	local step = Point.new(1, 2)
	for _ = 1, 20000 do p = p:add(step) end
	local acc = 0
	local function f(x) return function(y) return x * y + 1 end end
	for i = 1, 20000 do acc = (acc + f(i)(r)) % 1000000007 end
	sum = (sum * 31 + t[#t // 2] + hits + words + p.x + p.y + acc) % 0x7fffffff
end
print(string.format("checksum lua %016x", sum))
