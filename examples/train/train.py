import math

lr = 0.1
epochs = 3
optimizer = "sgd"

loss = 1.0
for epoch in range(1, epochs + 1):
    loss = loss * math.exp(-lr * epoch)
    acc = 1.0 - loss / 2
    print("step: %i" % epoch)
    print("loss: %f" % loss)
    print("acc: %f" % acc)
