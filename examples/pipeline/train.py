import csv
import json

epochs = 50
lr = 0.05

rows = [(float(r["x"]), float(r["y"])) for r in csv.DictReader(open("data/train.csv"))]
a, b = 0.0, 0.0
for epoch in range(epochs):
    grad_a = sum((a * x + b - y) * x for x, y in rows) / len(rows)
    grad_b = sum((a * x + b - y) for x, y in rows) / len(rows)
    a, b = a - lr * grad_a, b - lr * grad_b
loss = sum((a * x + b - y) ** 2 for x, y in rows) / len(rows)
print(f"loss: {loss:.4f}")
json.dump({"a": a, "b": b}, open("model.json", "w"))
