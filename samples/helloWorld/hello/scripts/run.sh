#!/bin/bash
# start: append the message to hello.txt and print it.
cat message.txt >> hello.txt
date >> run.log   # ignored by .gitignore: never in a version, and a reset leaves it alone
cat message.txt >> "$OCTOPODA_OUTPUT"
