#!/bin/bash
# prepare: start world.txt with its first line. Runs in the NodeApp directory, where message.txt was copied.
echo "-->prepared" > world.txt
echo "prepared world.txt on $OCTOPODA_NODENAME ($OCTOPODA_APP@$OCTOPODA_SCENARIO)" >> "$OCTOPODA_OUTPUT"
