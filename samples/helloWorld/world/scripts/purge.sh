#!/bin/bash
# purge: remove what the scripts made (the NodeApp directory itself goes after this script).
rm -f world.txt run.log
echo "purged world.txt" >> "$OCTOPODA_OUTPUT"
