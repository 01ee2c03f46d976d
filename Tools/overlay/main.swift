print("overlay: see Tools/overlay/README.md")
