-- io on stdin and stdout: read formats "l", "L", "n", counts, "a", io.lines.
-- stdin: io_stdin.in
print(io.read("l"))
print(io.read("L"))
print(io.read("n", "n", "n"))
print(math.type(io.read("n")), io.read("l"))
print(io.read("n"))          -- not a number: nil, and the line is left
print(io.read("l"))
print(io.read(5), io.read(0))
print(io.read("l"))
local n = 0
for line in io.lines() do
  n = n + 1
  if n <= 3 then io.write(n, ": ", line, "\n") end
  if line == "STOP" then break end
end
print(n)
print(io.read("a"))
print(io.read("a") == "", io.read("l"), io.read(0))
io.write("multiple ", "args ", 1, " ", 2.5, "\n")
io.stdout:write("chained"):write(" write\n")
print(io.type(io.stdin), io.type(io.stdout), io.type(42))
print(io.stdout:seek("cur") ~= nil or true)
io.stdout:setvbuf("no")
io.write("unbuffered\n")
io.stdout:setvbuf("full")
io.write("buffered\n")
io.stdout:flush()
print(io.stderr:write("") == io.stderr)
