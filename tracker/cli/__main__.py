from tracker.cli import main

main(prog_name="sso-tracker")
