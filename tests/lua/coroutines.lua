-- Coroutines: create/resume/yield, wrap, status, errors, yield across pcall.
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return "end", 99
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, "x", "y"))
print(coroutine.status(co))
print(coroutine.resume(co))
local gen = coroutine.wrap(function()
  for i = 1, 3 do coroutine.yield(i) end
  return "last"
end)
print(gen(), gen(), gen(), gen())
print(pcall(gen))
local function range(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i, i * i) end end)
end
for i, sq in range(4) do io.write(i, "^2=", sq, " ") end
print()
local bad = coroutine.create(function() error("oops") end)
print(coroutine.resume(bad))
print(coroutine.status(bad))
local bad2 = coroutine.create(function() error({ code = 7 }) end)
local ok, e = coroutine.resume(bad2)
print(ok, type(e), e.code)
-- yield across pcall
local across = coroutine.create(function()
  local ok2, v = pcall(function()
    local x = coroutine.yield("inside pcall")
    if x == "fail" then error("failed after yield", 0) end
    return x
  end)
  coroutine.yield(tostring(ok2) .. " " .. tostring(v))
  return "finished"
end)
print(coroutine.resume(across))
print(coroutine.resume(across, "fail"))
print(coroutine.resume(across))
print(coroutine.resume(across))
-- yield across metamethods and table.sort comparator are C boundaries
local mm = coroutine.wrap(function()
  local t = setmetatable({}, { __index = function(_, k) return coroutine.yield(k) end })
  return "value:" .. t.foo
end)
print(mm(), mm("bar"))
print(coroutine.isyieldable(), select(2, coroutine.running()))
local inner = coroutine.wrap(function()
  local _, main = coroutine.running()
  coroutine.yield(main, coroutine.isyieldable())
end)
print(inner())
local nested = coroutine.wrap(function()
  local c2 = coroutine.wrap(function() coroutine.yield("inner1"); coroutine.yield("inner2") end)
  coroutine.yield(c2()); coroutine.yield("outer"); coroutine.yield(c2())
end)
print(nested(), nested(), nested())
print(pcall(coroutine.yield, 1))
local dead = coroutine.create(function() end)
coroutine.resume(dead)
print(coroutine.resume(dead))
local cl = coroutine.create(function() coroutine.yield() end)
coroutine.resume(cl)
print(coroutine.close(cl), coroutine.status(cl))
local wrapped_err = coroutine.wrap(function() error("in wrap") end)
print(pcall(wrapped_err))
-- producer/consumer
local function producer()
  return coroutine.create(function()
    for _, w in ipairs({ "a", "b", "c" }) do coroutine.yield(w) end
  end)
end
local p = producer()
local out = {}
while true do
  local _, v = coroutine.resume(p)
  if not v then break end
  out[#out + 1] = v
end
print(table.concat(out), coroutine.status(p))
