#!/bin/bash
# purge: remove what the scripts made (the NodeApp directory itself goes after this script).
rm -f helloworld.txt run.log
echo "purged helloworld.txt" >> "$OCTOPODA_OUTPUT"
