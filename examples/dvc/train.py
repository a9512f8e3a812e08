import json, yaml
p = yaml.safe_load(open("params.yaml"))["train"]
nums = [int(x) for x in open("prepared/nums.txt").read().split()]
json.dump({"loss": p["lr"] * sum(nums) / len(nums), "nested": {"epochs": p["epochs"], "name": "x"}}, open("metrics.json", "w"))
open("model.txt", "w").write(str(p))
