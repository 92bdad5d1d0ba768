-- Closures and upvalues.
local function counter()
  local n = 0
  return function() n = n + 1; return n end, function() return n end
end
local inc, get = counter()
inc(); inc()
print(get(), inc(), get())
local inc2 = counter()
print(inc2(), get())
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local shared = {}
do
  local x = 0
  for i = 1, 3 do shared[i] = function() x = x + i; return x end end
end
print(shared[1](), shared[2](), shared[3](), shared[1]())
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local memo = setmetatable({}, { __mode = "k" })
local function compose(f, g) return function(...) return f(g(...)) end end
print(compose(function(x) return x * 2 end, function(x, y) return x + y end)(3, 4))
local function varargs(...)
  local a, b = ...
  return select("#", ...), a, b, ...
end
print(varargs(1, nil, 3))
print((varargs(1, 2)))
local function tail(n) if n == 0 then return "done" end return tail(n - 1) end
print(tail(100000))
print(debug.getupvalue(inc, 1))
local function curry(f) return function(a) return function(b) return f(a, b) end end end
print(curry(math.max)(3)(9))
local acc = {}
local function make(k) return function(v) acc[#acc + 1] = k .. v end end
local a, b = make("a"), make("b")
a(1); b(2); a(3)
print(table.concat(acc, " "))
print(type(memo), type(print), type(nil))
local env = { print = print, x = 5 }
local chunk = load("x = x + 1; return x", "chunk", "t", env)
print(chunk(), env.x)
print(load("return 1 +")) 
print(type(load(function() return nil end)))
local parts = { "return ", "1", " + ", "2" }
local i = 0
print(load(function() i = i + 1; return parts[i] end)())
goto skip
print("not printed")
::skip::
print("after goto")
local t <const> = 10
print(t)
do
  local log = {}
  do
    local h <close> = setmetatable({}, { __close = function() log[#log + 1] = "closed" end })
    log[#log + 1] = "body"
  end
  print(table.concat(log, ","))
end
