-- io on a host file handed to the script (zvsh: @file; the first argument).
-- file: io_hostfile.txt
local path = arg[1]
local f = assert(io.open(path, "r"))
print(f:read("l"))
print(f:read("n", "n"))
print(f:seek("cur"), f:seek("end"))
f:seek("set", 0)
local all = f:read("a")
print(#all, select(2, all:gsub("\n", "")))
f:close()
local n = 0
for l in io.lines(path) do n = n + 1 end
print(n)
f = assert(io.open(path, "r+"))
f:seek("set", 0)
f:write("HEADER")
f:seek("set", 0)
print(f:read("l"))
f:seek("end", -5)
print(f:read("a"))
f:close()
-- appending (O_APPEND: at the end whatever the position)
f = assert(io.open(path, "a"))
f:write("appended\n")
print(f:seek("cur"))
f:close()
f = assert(io.open(path, "a+"))
f:seek("set", 0)
print(f:read("l"))
f:write("appended again\n")
print(f:seek("cur"), f:seek("end"))
f:seek("set", 0)
local lines = {}
for l in f:lines() do lines[#lines + 1] = l end
print(#lines, lines[#lines - 1], lines[#lines])
f:close()
-- growing in place past the end
f = assert(io.open(path, "r+"))
print(f:seek("end", 2))
f:write("after a gap")
f:close()
print(#io.open(path):read("a"))
