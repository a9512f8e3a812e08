msg = "Hi"
print(msg)
