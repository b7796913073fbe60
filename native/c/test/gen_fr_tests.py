# Generator of the FR_CASES table in native/c/test/test_fr.c (Python big integers).
# Generates the known answers pasted into native/c/test/test_fr.c (Python big integers).
import random
r = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001
random.seed(4)
vals = [random.randrange(r) for _ in range(6)] + [r-1, 1, 2**255 % r, 0x1234567890abcdef]
def h(x): return '"' + x.to_bytes(32,'little').hex() + '"'
print("static const struct { const char *a, *b, *sum, *diff, *prod, *inv_a; } FR_CASES[] = {")
for i in range(len(vals)):
    a = vals[i]; b = vals[(i*3+1) % len(vals)]
    inv = pow(a, -1, r) if a else 0
    print("    {%s,\n     %s,\n     %s,\n     %s,\n     %s,\n     %s}," % (h(a), h(b), h((a+b)%r), h((a-b)%r), h(a*b%r), h(inv)))
print("};")
