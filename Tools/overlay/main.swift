print("overlay")
