import math

import yaml

with open("config.yml") as f:
    config = yaml.safe_load(f)

lr = config["train"]["lr"]
epochs = config["train"]["epochs"]
print("model: %s, %i layers" % (config["model"]["name"], config["model"]["layers"]))
loss = 1.0
for epoch in range(1, epochs + 1):
    loss = loss * math.exp(-lr * epoch)
    print("epoch %i: loss=%f acc=%f" % (epoch, loss, 1.0 - loss / 2))
