from gcmhub.cli import main

main()
