import random
import time

x = 0.0
noise = 0.1
seed = 0
sleep = 0

print("began at %.3f" % time.time(), flush=True)
time.sleep(sleep)
random.seed(seed)
loss = (x - 2) ** 2 + random.gauss(0, noise)
print("loss: %f" % loss)
print("ended at %.3f" % time.time())
