-- os: the deterministic parts (os.date with a given time, UTC; os.time of a
-- table; os.difftime; os.clock is a non-decreasing number).
print(os.date("!%Y-%m-%d %H:%M:%S", 0))
print(os.date("!%Y-%m-%d %H:%M:%S", 1700000000))
print(os.date("!%A %B %d %j %w %y %p %I", 86400 * 365))
print(os.date("!%c", 1000000000))
print(os.date("!%x %X %%", 1234567890))
local t = os.date("!*t", 1234567890)
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.isdst)
print(os.time({ year = 2000, month = 1, day = 1, hour = 12 }) - os.time({ year = 1999, month = 12, day = 31, hour = 12 }))
print(os.time({ year = 2020, month = 2, day = 30, hour = 0 }) - os.time({ year = 2020, month = 3, day = 1, hour = 0 }))
local norm = { year = 2021, month = 13, day = 32, hour = 25 }
os.time(norm)
print(norm.year, norm.month, norm.day, norm.hour)
print(os.difftime(10, 4), pcall(os.difftime, 5))
print(math.type(os.time()), type(os.clock()))
local c1 = os.clock()
local s = 0
for i = 1, 100000 do s = s + i end
print(os.clock() >= c1, s)
print(pcall(os.date, "%Ez", 0))
print(pcall(os.time, { year = 2000 }))
print(os.getenv("LUA_TEST_SURELY_UNSET_VARIABLE"))
print(type(os.tmpname()))
