#!/bin/bash
# start: append the message to world.txt and print it.
cat message.txt >> world.txt
date >> run.log   # ignored by .gitignore: never in a version, and a reset leaves it alone
cat message.txt >> "$OCTOPODA_OUTPUT"
