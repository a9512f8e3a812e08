import yaml
p = yaml.safe_load(open("params.yaml"))["prepare"]
nums = [int(x) * p["scale"] for x in open("data/raw.txt").read().split()]
import os
os.makedirs("prepared", exist_ok=True)
open("prepared/nums.txt", "w").write("\n".join(map(str, nums)))
