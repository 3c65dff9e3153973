/**
 * Hardhat 2 configuration of the local EVM chain: chain id 31337, automine, the default funded
 * accounts. No solidity compiler is configured here (the demo token is compiled with the `solc`
 * package), so hardhat never downloads anything.
 */
module.exports = {
  networks: { hardhat: { chainId: 31337, mining: { auto: true } } },
}
