import argparse
import math

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.1)
p.add_argument("--epochs", type=int, default=3)
args = p.parse_args()

loss = 1.0
for epoch in range(1, args.epochs + 1):
    loss = loss * math.exp(-args.lr * epoch)
    print("loss: %f (step %i)" % (loss, epoch))
