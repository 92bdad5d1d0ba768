-- io on files: a scratch file in /tmp (inside the sandbox: ZRT's in-memory
-- tree), written, read, seeked, appended, removed.
local name = os.tmpname()
print(name:sub(1, 5))
local function hide(...) -- the random part of the name out of messages
  local r = table.pack(...)
  for i = 1, r.n do
    if type(r[i]) == "string" then r[i] = r[i]:gsub(name:gsub("%p", "%%%0"), "NAME") end
  end
  return table.unpack(r, 1, r.n)
end
local f = assert(io.open(name, "w"))
print(io.type(f))
f:write("alpha\n", "beta\n", 42, "\n", 3.25, "\n", "no newline")
print(f:seek("cur"), f:seek("end"), f:seek("set", 2))
f:close()
print(io.type(f), pcall(f.write, f, "x"))
f = assert(io.open(name, "r"))
print(f:read("l"), f:read("L"), f:read("n"), f:read("n"), f:read("l"), f:read("a"))
print(f:read("a"), f:read("l"))
print(f:seek("set", 6), f:read(4), f:seek("cur"), f:seek("end"))
print(f:seek("set"), f:read("a"):len())
f:close()
local lines = {}
for l in io.lines(name) do lines[#lines + 1] = l end
print(#lines, table.concat(lines, "|"))
for a, b in io.lines(name, 1, 2) do io.write(a, b, ".") break end
print()
for n1 in io.lines(name, "L") do io.write(n1) end
print()
f = assert(io.open(name, "a"))
f:write("\nappended")
f:close()
f = assert(io.open(name, "r+"))
f:write("ALPHA")
f:seek("set", 0)
print(f:read("a"))
f:close()
f = assert(io.open(name, "rb"))
print(#f:read("a"))
f:close()
f = assert(io.open(name, "w+"))
f:write("rewritten")
f:seek("set", 2)
print(f:read("a"))
f:close()
print(io.open("/tmp/no/such/dir/file", "r"))
print(hide(pcall(io.open, name, "bad mode")))
io.output(name)
io.write("via io.output\n")
io.output():close()
io.input(name)
print(io.read("l"))
io.input():close()
io.output(io.stdout)
io.input(io.stdin)
print(os.rename(name, name .. ".new"))
print(hide(io.open(name, "r")))
print(os.remove(name .. ".new"))
print(hide(os.remove(name .. ".new")))
local big = assert(io.open(name, "w"))
for i = 1, 10000 do big:write(string.format("%05d\n", i)) end
big:close()
big = assert(io.open(name))
local count, last = 0, nil
for l in big:lines() do count = count + 1; last = l end
print(count, last, big:seek("end"))
big:close()
os.remove(name)
print(hide(pcall(io.lines, name)))
