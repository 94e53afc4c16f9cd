#!/bin/bash
# prepare: start helloworld.txt with its first line. Runs in the NodeApp directory, where message.txt was copied.
echo "-->prepared" > helloworld.txt
echo "prepared helloworld.txt on $OCTOPODA_NODENAME ($OCTOPODA_APP@$OCTOPODA_SCENARIO)" >> "$OCTOPODA_OUTPUT"
