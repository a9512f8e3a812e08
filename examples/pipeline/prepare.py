import csv

test_split = 0.25

rows = list(csv.DictReader(open("raw.csv")))
n_test = max(1, int(len(rows) * test_split))
for name, part in (("train.csv", rows[n_test:]), ("test.csv", rows[:n_test])):
    with open(name, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["x", "y"])
        writer.writeheader()
        writer.writerows(part)
print(f"train rows: {len(rows) - n_test}")
print(f"test rows: {n_test}")
