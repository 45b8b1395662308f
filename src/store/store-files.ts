/** File names under the home, for the commands that only report them (`chipnav doctor`) without opening the store. */
export const SQLITE_FILE_NAME = 'chipnav.db'
