-- Tables: insert/remove/sort/concat/unpack, # length, next/ipairs order.
local t = { 10, 20, 30 }
table.insert(t, 40)
table.insert(t, 1, 5)
print(#t, table.concat(t, ","))
print(table.remove(t), table.remove(t, 1), #t, table.concat(t, ","))
print(table.remove({}), #t)
local names = { "pear", "apple", "fig", "banana", "cherry" }
table.sort(names)
print(table.concat(names, " "))
table.sort(names, function(a, b) return #a < #b or (#a == #b and a < b) end)
print(table.concat(names, " "))
local nums = { 5, 3, 9, 1, 7, 2, 8, 2 }
table.sort(nums, function(a, b) return a > b end)
print(table.concat(nums, " "))
local recs = { { n = "b", v = 2 }, { n = "a", v = 2 }, { n = "c", v = 1 } }
table.sort(recs, function(x, y) if x.v ~= y.v then return x.v < y.v end return x.n < y.n end)
for i, r in ipairs(recs) do io.write(i, "=", r.n, r.v, " ") end
print()
print(table.unpack({ 1, 2, 3 }))
print(table.unpack({ 1, 2, 3 }, 2))
print(table.unpack({ 1, 2, 3 }, 2, 5))
print(select("#", table.unpack({}, 1, 3)))
print(table.concat({}), table.concat({ 1, 2, 3 }, ", ", 2, 3))
print(pcall(table.concat, { 1, {}, 3 }))
local p = table.pack(1, nil, 3)
print(p.n, p[1], p[2], p[3])
print(#{ 1, 2, 3, nil }, #"", #{ n = 1 })
local m = table.move({ 1, 2, 3 }, 1, 3, 2)
print(table.concat(m, ","))
for i, v in ipairs({ "a", "b", nil, "d" }) do io.write(i, v, " ") end
print()
-- array part iterates in order with next/pairs
local arr = { "x", "y", "z" }
for k, v in pairs(arr) do io.write(k, v, " ") end
print(next({}), next({ 7 }))
local keys = {}
for k in pairs({ a = 1, b = 2, c = 3, d = 4 }) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys))
local mt = setmetatable({}, { __index = function(_, k) return k * 2 end })
print(mt[21], rawget(mt, 21))
local v = setmetatable({ 1, 2 }, { __len = function() return 99 end, __tostring = function() return "V!" end })
print(#v, tostring(v), rawlen(v))
local cnt = setmetatable({}, { __newindex = function(t2, k, val) rawset(t2, k, val * 10) end })
cnt.x = 4
print(cnt.x)
local add = setmetatable({ v = 1 }, { __add = function(a, b) return a.v + b end, __eq = function() return true end,
  __lt = function(a, b) return true end, __concat = function(a, b) return "cat" end, __call = function(self, x) return x + 1 end })
print(add + 5, add .. "s", add(41))
local big = {}
for i = 1, 1000 do big[i] = i * i end
print(#big, big[1000], table.concat(big, "", 998))
local s = 0
for _, x in ipairs(big) do s = s + x end
print(s)
big[#big] = nil
print(#big)
local nested = { a = { b = { c = "deep" } } }
print(nested.a.b.c, nested["a"]["b"].c)
print(rawequal(t, t), rawequal({}, {}))
local ro = setmetatable({}, { __index = string })
print(ro.upper("proxy"))
print(select(-1, 1, 2, 3), select(2, "a", "b", "c"))
