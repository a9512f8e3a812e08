import csv
import json

model = json.load(open("model.json"))
rows = [(float(r["x"]), float(r["y"])) for r in csv.DictReader(open("test.csv"))]
mse = sum((model["a"] * x + model["b"] - y) ** 2 for x, y in rows) / len(rows)
print(f"test_mse: {mse:.4f}")
