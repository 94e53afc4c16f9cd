#!/bin/bash
# purge: remove what the scripts made (the NodeApp directory itself goes after this script).
rm -f hello.txt run.log
echo "purged hello.txt" >> "$OCTOPODA_OUTPUT"
